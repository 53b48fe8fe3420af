"""New and experienced operators compared skill by skill."""
