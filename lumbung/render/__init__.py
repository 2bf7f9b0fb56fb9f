"""Records -> page views, fragments and open data. No site engine is imported here."""
