"""Every sentence a person reads, keyed by language (``en.py``; ``messages.say``): the reasons of a
result, band ranges, plain-words guidance and conditions, and the tone of the result's wording."""
