"""The PySide6 desktop client: a face over the services, holding no business rules."""
