"""The map's document: the versioned JSON a snapshot stores and an export writes (docs/map-schema.json).

- capture.py: a map read from storage as its document, and the schema versions (`upgrade`);
- merge.py: a document written into a map (an import, a restore);
- diff.py: what changed between two documents;
- picture.py: the document as the renderer's picture model;
- codec.py: the document as JSON, out and in, checked against the schema.
"""
