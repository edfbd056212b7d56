"""Figures by Excel: collection workbooks made from a form (`drafter sheet`), filled workbooks
read back into the form (`drafter collect`), subordinate units' forms added up
(`drafter aggregate`) and the internal table of where each figure came from
(`drafter render --sources`).

Every list of indicators here comes from the figures table (drafter.model.figures): the
sheet's rows, the cell checks, the sums and the recomputed rates.
"""
