"""Two years of a form compared (`compare`) and the comparison written out (`output`)."""
