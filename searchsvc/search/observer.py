"""What a SearchIndex tells whoever watches it (the web wing turns it into Prometheus metrics)."""

from __future__ import annotations

from searchsvc.store import Generation


class SearchObserver:
    """Receives a SearchIndex's events; every method does nothing unless overridden."""

    def searched(self, seconds: float, cached: bool) -> None:
        """A search was answered, computed or from the result cache, in this many seconds."""

    def served(self, generation: Generation) -> None:
        """This generation is now the one searches run on."""

    def warmed(self, seconds: float, queries: int) -> None:
        """A generation was warmed in this many seconds, replaying this many queries."""

    def rejected(self, reason: str) -> None:
        """A search was refused: "overloaded" (too many waiting) or "timeout" (ran too long)."""
