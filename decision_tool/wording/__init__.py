"""Every sentence a person reads: plain-words guidance and the tone of the result's wording."""
