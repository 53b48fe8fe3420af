"""Team gaps: skills where a share of a team falls below target become training topics."""
