"""Scorecards on the product's pages: trainers and admins keep them (criteria with weights, each
tied to a skill or free-standing); everyone with the right to see them reads them."""
