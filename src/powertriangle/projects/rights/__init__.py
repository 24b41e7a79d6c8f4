"""People's rights over their data (GDPR articles 15, 17 and 20) and the end of a project.

- `subject`: everything stored about one member, as a JSON-ready document (the page and the
  command line show and download the same one);
- `erasure`: erasing a member, either with what they said or keeping it without their name;
- `ending`: archiving a project (read only), bringing it back, and deleting it for good.

Anonymous contributions never stored their author, so they are in no person's export and no
erasure can find them: that is what anonymous means here.
"""
