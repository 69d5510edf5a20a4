"""GraphiQL, with its explorer, served from files this package ships: the page at /graphql (for a
browser) and its scripts and styles under /graphiql/, so it works without internet."""
