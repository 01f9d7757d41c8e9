"""Settings: ``hub.settings.base`` (runtime, from the environment) and ``hub.settings.test``."""
