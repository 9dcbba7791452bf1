"""Reference data: regions (gazetteer), indicators, units."""
