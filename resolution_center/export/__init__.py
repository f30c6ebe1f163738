"""Printable exports: agreement PDFs, their embedded fonts and the proof they carry."""
