"""Bryggan: a platform for practice–research collaboration in social services."""
