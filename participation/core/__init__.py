"""Shared building blocks: model mixins, errors, permissions decorators, i18n, security headers."""
