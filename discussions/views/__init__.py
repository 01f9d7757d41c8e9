"""Views of the discussions app (thin: parse, call a selector or service, render)."""
