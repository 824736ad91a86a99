# SPDX-License-Identifier: GPL-2.0-only
#
# Turns a lane guest's framed output (see vm/guest-init.sh) into results of
# one TAP stream: every result renumbered from n + 1 and named
# "LANE: test", each program's plan and exit status checked. Prints
# "# results: N" last, the number of the last result.

function emit(ok, text) {
	n++
	print ok " " n " " lane ": " compat text
}

# Closes the running program: its own failures are already out; what is
# left to say is a missing result, a short plan or a bad exit.
function close_program(status, complete) {
	if (!complete)
		emit("not ok", prog ": did not finish (guest stopped)")
	else if (skipall != "")
		;
	else if (plan < 0 && results == 0)
		emit("not ok", prog ": printed no TAP results (exit status " status ")")
	else if (plan >= 0 && results != plan)
		emit("not ok", prog ": planned " plan " results, printed " results)
	else if (status != 0 && !failed)
		emit("not ok", prog ": exited with status " status " though every result passed")
	prog = ""
	compat = ""
}

BEGIN { prog = ""; compat = "" }

/^### vfioc-setup / {
	if ($3 == "ok") {
		emit("ok", "setup")
		sub(/^### vfioc-setup ok */, "")
		print "# " $0
	} else {
		sub(/^### vfioc-setup error */, "")
		emit("not ok", "setup # " $0)
	}
	next
}
/^### vfioc-begin / {
	prog = $3; plan = -1; results = 0; failed = 0; skipall = ""
	# NAME.ABI is the suite built for a compat ABI: its results say so
	compat = (prog ~ /\./) ? substr(prog, index(prog, ".") + 1) "/" : ""
	next
}
/^### vfioc-end / {
	if (prog != "")
		close_program($4, 1)
	next
}
/^### vfioc-(done|restore|fixture)/ { next }

prog == "" { print "# " $0; next }
/^TAP version/ { next }
/^1\.\.0/ {
	skipall = $0
	sub(/^1\.\.0 *# *[Ss][Kk][Ii][Pp] */, "", skipall)
	if (skipall == "")
		skipall = "no reason given"
	emit("ok", prog " # SKIP " skipall)
	next
}
/^1\.\.[0-9]+/ { plan = substr($1, 4) + 0; next }
/^(not )?ok / {
	ok = ($1 == "ok") ? "ok" : "not ok"
	rest = $0
	sub(/^(not )?ok +[0-9]* */, "", rest)
	# kselftest's XFAIL is TAP's TODO: a known defect, shown, not failing
	if (ok == "ok" && sub(/ # XFAIL /, " # TODO ", rest))
		ok = "not ok"
	if (ok == "not ok" && rest !~ /# *TODO/)
		failed = 1
	results++
	emit(ok, rest)
	next
}
/^Bail out!/ {
	failed = 1
	emit("not ok", prog ": " $0)
	next
}
/^#/ { print; next }
{ print "# " $0 }

END {
	if (prog != "")
		close_program(0, 0)
	print "# results: " n
}
