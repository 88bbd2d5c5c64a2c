"""Platform adapters. Each turns its platform's updates into `Incoming` and renders `Outgoing`.

Nothing platform-specific lives outside this package.
"""
