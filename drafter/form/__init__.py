"""The form: files and bounded reading, YAML loading and its Chinese messages, round-trip editing,
form-version migration, the blank form, the JSON Schemas and the placeholder syntax of form text."""
