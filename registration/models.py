"""Attendees of a conference: filled in by the registration issue."""
