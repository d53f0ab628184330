# Doxygen's input filter (INPUT_FILTER in docs/Doxyfile.in); it changes what
# Doxygen reads, never the headers. Every doc comment ends with the lines
# "Ownership: ..." and "Thread-safety: ..." (CONVENTIONS.md). Read as they
# are, Doxygen runs them into the @return or @param just before them; made
# into the aliases @ownership and @threadsafety they become sections of their
# own. One word for one word, so line numbers in warnings stay right.
s/Ownership: /@ownership /g
s/Thread-safety: /@threadsafety /g
