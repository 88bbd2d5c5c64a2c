"""The agency registry: the bodies a provincial plan names, their aliases and 2025 successors."""
