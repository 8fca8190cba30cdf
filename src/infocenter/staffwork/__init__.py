"""The IT staff's year (document 1, IT-1…IT-4): work log, endpoint registry, learning and the
annual assessment."""
