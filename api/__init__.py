"""GraphQL API (strawberry on Starlette): schema, resolvers, auth, policy, limits and the app."""
