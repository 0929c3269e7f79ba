"""The HTTP layer: route handlers and the models they speak."""
