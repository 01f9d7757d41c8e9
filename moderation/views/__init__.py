"""Views of the moderation app (thin: parse input, call a selector or service, render)."""
