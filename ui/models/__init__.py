"""Qt item models over the services: ids plus lazy row caches, named roles."""
