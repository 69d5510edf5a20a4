"""GraphQL API (strawberry on Starlette): arrives with its own issue."""
