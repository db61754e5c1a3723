// score-jail: the sandbox executable. See sandbox/README.md.
import CSeccomp
print("score-jail: not built yet")
