"""``khuyencong bench``: the ledger measured beside raw PostgreSQL, raw SQLite and a plain HTTP
endpoint, each baseline taken in the same run on the same machine."""
