"""The form as a file: decoding (`files`), YAML loading with located Chinese messages (`load`,
`messages`), round-trip editing that keeps untouched lines (`roundtrip`), the 待核 review marks
(`review`), form-version migration (`migrate`), the blank form (`blank`), the JSON Schemas
(`schema`), the placeholder syntax of form text (`placeholders`) and characters no output can
hold (`unsafe_chars`)."""
