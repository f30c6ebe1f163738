"""Storage: peewee databases from URLs, the schema and its migrations, and the repositories."""
