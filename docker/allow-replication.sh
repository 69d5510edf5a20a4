#!/bin/sh
# Run once by the postgres image when it creates the primary's data (docker-entrypoint-initdb.d):
# lets the replica's pg_basebackup and streaming connect as the database's owner, who may
# replicate, with the same password authentication as every other connection.
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
