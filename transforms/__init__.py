"""Pure transforms: bytes and text in, frozen dataclasses out. No I/O, no clock, no frameworks."""
