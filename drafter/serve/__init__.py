"""`drafter serve`: the browser form for people who do not edit YAML.

A local Flask application (`app`) on the user's own PC: the start page lists the forms of a
folder and creates, imports and rolls over forms; the form page shows the form as the
report reads with a live preview, the check findings beside the fields, 保存 through the
round-trip editing (`editing`, `drafter.form.roundtrip`) and downloads. `workspace` owns the
served folder and the open forms, `formview` what the form page shows, `backend` the calls
into drafter that the CLI makes too, `launcher` starting the server and the browser.
"""
