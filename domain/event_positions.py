"""The ledger position of an aggregate's last stored event.

The library's recorders give positions (notification ids) as events are inserted, and when
notifications are read in order, but not for one event found by its aggregate. This is that
lookup for the two recorders the ledger runs on: one read by the events table's primary key
(aggregate id, version), never a scan. It reads history; it never writes it.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier


def last_event_position(recorder: ApplicationRecorder, aggregate_id: UUID) -> int | None:
    """The position of the aggregate's last event; None when it has none."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT rowid FROM {recorder.events_table_name} WHERE originator_id = ? "
                "ORDER BY originator_version DESC LIMIT 1",
                (aggregate_id.hex,),
            )
            row = cursor.fetchone()
        return None if row is None else int(row[0])
    if isinstance(recorder, PostgresApplicationRecorder):
        statement = SQL(
            "SELECT notification_id FROM {schema}.{table} WHERE originator_id = %s "
            "ORDER BY originator_version DESC LIMIT 1"
        ).format(
            schema=Identifier(recorder.datastore.schema),
            table=Identifier(recorder.events_table_name),
        )
        with recorder.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, (aggregate_id,))
            found = cursor.fetchone()
        return None if found is None else int(found["notification_id"])
    raise TypeError(f"no position lookup for the {type(recorder).__name__} recorder")
