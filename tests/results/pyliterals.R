# Printing R numbers as Python literals, for the reference scripts beside this file
# (sourced by lavaan_factor_se.R and lavaan_fiml_factor.R).
fmt <- function(x) sprintf("%.17g", x)
# A vector as np.array([...]), three numbers a line.
pyvec <- function(x) {
  lines <- split(fmt(x), ceiling(seq_along(x) / 3))
  body <- paste(vapply(lines, paste, "", collapse = ", "), collapse = ",\n    ")
  sprintf("np.array([\n    %s,\n])", body)
}
say <- function(...) cat(..., "\n", sep = "")
