"""The main screens: case list, case viewer and their parts."""
