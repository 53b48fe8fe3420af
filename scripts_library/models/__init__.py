"""The models of the scripts library, one module per topic."""

from scripts_library.models.hits import ObjectionHit
from scripts_library.models.library import (
    ExemplarDialog,
    Objection,
    ObjectionPhrase,
    ObjectionTheme,
    ResponseBlock,
)
from scripts_library.models.review import LibraryReview, ReviewSuggestion
from scripts_library.models.sidebar import SidebarEvent

__all__ = [
    "ExemplarDialog",
    "LibraryReview",
    "Objection",
    "ObjectionHit",
    "ObjectionPhrase",
    "ObjectionTheme",
    "ResponseBlock",
    "ReviewSuggestion",
    "SidebarEvent",
]
