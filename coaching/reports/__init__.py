"""Personal reports: from the competency map, shared with the operator, who comments; PDF."""
