"""The service desk's navigation entries and home-page panels (what waits for each role)."""
