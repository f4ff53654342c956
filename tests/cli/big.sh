# tests/cli/big.sh - cases of tests/cli/run (sourced) for big modules:
# per-file declarations and capped indentation in split output, large
# functions at -O1, -j, GNU make's jobserver, the progress line, signals
# removing the temporary directory, -o checked first, --cflags/--ldflags,
# -g and -static. The module comes from tools/gen-big-module.

# A C compiler that notes how many of its kind run at once (one line per
# start in $dir/seen) and holds each job a second so that they overlap.
write_counting_cc() { # write_counting_cc PATH DIR
  cat > "$1" << EOF
#!/bin/sh
mkdir -p '$2/running' && touch '$2/running/'\$\$
ls '$2/running' | wc -l >> '$2/seen'
sleep 1
cc "\$@"; s=\$?
rm -f '$2/running/'\$\$
exit \$s
EOF
  chmod +x "$1"
}

max_seen() { sort -n "$1/seen" 2> /dev/null | tail -1; }

# expect_max_jobs NAME DIR LOW HIGH: between LOW and HIGH compilers ran at once.
expect_max_jobs() {
  local max problems=()
  max=$(max_seen "$2")
  if [ -z "$max" ] || [ "$max" -lt "$3" ] || [ "$max" -gt "$4" ]; then
    problems+=("at most ${max:-no} compilers ran at once, want $3..$4")
  fi
  report "$1" "${problems[@]}"
}

# Split output: each file declares what it calls, nothing is indented
# deeper than 8 levels, and every file compiles warning-free on its own.
split_output_cases() {
  local big=$1 out=$work/big-c problems=()
  rm -rf "$out" && mkdir -p "$out"
  expect big_translate_split 0 "" "" -- "$wasmcc" --split-size 20000 "$big" -o "$out/m.c"
  local splits
  splits=$(ls "$out" | grep -c '^m\.[0-9]*\.c$')
  [ "$splits" -ge 3 ] || problems+=("$splits split files, want 3 or more")
  grep -q '(void \*env' "$out/m-impl.h" && problems+=("m-impl.h declares functions")
  grep -l 'Functions of other C files called here' "$out"/m.*.c > /dev/null ||
    problems+=("no split file declares functions of other files")
  grep -qE '^ {17,}' "$out"/m*.c && problems+=("lines indented deeper than 8 levels")
  grep -qE '^ {16}' "$out"/m*.c || problems+=("no line at the deepest indentation: a 300-deep nest was expected")
  report big_split_declarations "${problems[@]}"
  for cc in gcc clang; do
    expect "big_split_compiles_$cc" 0 "" "" -- sh -c "cd '$out' && for f in m*.c; do
      $cc -O0 -Wall -Wextra -Werror -I'$root/rt' -c \"\$f\" -o /dev/null || exit 1; done"
  done
}

# -j N, the jobserver of make -j2 (two builds share two slots; without it
# each would run one compiler per CPU), and the progress line.
parallel_cases() {
  local big=$1 count=$work/count
  rm -rf "$count" && write_counting_cc "$work/cc-count" "$count-j1"
  expect big_jobs_1 0 "" "" -- "$wasmcc" build -j 1 --cc "$work/cc-count" "$big" -o "$work/big-j1"
  expect_max_jobs big_jobs_1_serial "$count-j1" 1 1
  expect big_runs 0 "" "" -- "$work/big-j1"
  rm -rf "$count-j2" && write_counting_cc "$work/cc-count" "$count-j2"
  expect big_jobs_2 0 "" "" -- "$wasmcc" build --jobs=2 --cc "$work/cc-count" "$big" -o "$work/big-j2"
  expect_max_jobs big_jobs_2_parallel "$count-j2" 2 2
  expect bad_jobs 2 "" "bad value '0' for -j" -- "$wasmcc" build -j 0 "$big" -o "$work/x"
  rm -rf "$count-make" && write_counting_cc "$work/cc-count" "$count-make"
  printf 'all: a b\na b:\n\t+"$(WASMCC)" build --cc "$(CCC)" "$(BIG)" -o "$(OUT)/big-make-$@"\n' > "$work/big.mk"
  expect big_make_jobserver 0 "*" "" -- make -s -j2 -f "$work/big.mk" WASMCC="$wasmcc" CCC="$work/cc-count" \
    BIG="$big" OUT="$work"
  expect_err_lacks big_make_jobserver "jobserver"
  expect_max_jobs big_make_jobserver_shared "$count-make" 2 2
  # script(1) gives wasmcc a terminal
  expect big_progress 0 "*" "" -- sh -c "script -qec \"'$wasmcc' build -j 2 '$big' -o '$work/big-tty'\" /dev/null |
    tr '\\r' '\\n' > '$work/progress.txt' && grep -q '^\\[1/[0-9]*\\] compiling ' '$work/progress.txt' &&
    grep -q '^\\[\\([0-9]*\\)/\\1\\] linking ' '$work/progress.txt'"
  expect big_no_progress_off_terminal 0 "" "" -- "$wasmcc" build -j 2 "$big" -o "$work/big-notty"
  expect_err_lacks big_no_progress_off_terminal "compiling"
}

# A function above --large-function bytes of C is compiled alone at -O1.
large_function_cases() {
  local big=$1
  expect big_large_function 0 "" "" -- "$wasmcc" build -v --large-function 100000 "$big" -o "$work/big-large"
  local problems=() err=$work/cases/big_large_function/err
  grep -qE -- ' -O1 .* -c [^ ]*/prog\.[0-9]+\.c ' "$err" || problems+=("no split file compiled at -O1")
  grep -qE -- ' -O2 .* -c [^ ]*/prog\.c ' "$err" || problems+=("the main file not compiled at -O2")
  report big_large_function_o1 "${problems[@]}"
  expect big_large_function_runs 0 "" "" -- "$work/big-large"
  expect bad_large_function 2 "" "bad value 'big' for --large-function" -- \
    "$wasmcc" build --large-function big "$big" -o "$work/x"
}

# The largest C files are compiled first, so that no big file starts last
# and leaves the other CPUs idle: the commands start in order of size.
largest_first_case() {
  local big=$1 kept=$work/big-kept problems=()
  rm -rf "$kept"
  # through a link whose own name is not gcc's, as Debian's cc is
  ln -sf "$(command -v gcc)" "$work/cc-link"
  expect big_largest_first 0 "" "" -- "$wasmcc" build -v -j 1 --cc "$work/cc-link" --keep-c "$kept" "$big" -o "$work/big-kept-prog"
  local started sized
  started=$(grep -oE -- ' -c [^ ]*\.c ' "$work/cases/big_largest_first/err" | sed 's|.*/||; s/ $//')
  sized=$(cd "$kept" && ls -S -- *.c)
  [ "$(echo "$started" | wc -l)" -ge 4 ] || problems+=("fewer than 4 compiles seen")
  [ "$started" = "$sized" ] || problems+=("compiled in the order $(echo $started), not by size: $(echo $sized)")
  report big_largest_first_order "${problems[@]}"
  # gcc at -O2 gets the GCSE memory limit (see docs/ARCHITECTURE.md), also
  # when named through a link
  local err=$work/cases/big_largest_first/err gcse=()
  grep -E -- ' -O2 .* -c [^ ]*\.c ' "$err" | grep -qv -- '--param=max-gcse-memory=1024' &&
    gcse+=("a gcc -O2 compile without --param=max-gcse-memory=1024")
  grep -qE -- ' -O2 .*--param=max-gcse-memory=1024 .* -c ' "$err" || gcse+=("no compile with the GCSE limit")
  report big_gcc_gcse_limit "${gcse[@]}"
}

# A signal ends the compilers and the programs they run, removes the
# temporary directory and ends wasmcc by the same signal. The compiler here
# starts a child (as gcc's driver starts cc1), says it started, then waits
# to be ended; the child must end with it.
signal_case() { # signal_case NAME SIGNAL NUMBER BIG
  local tmp=$work/sigtmp-$1 started=$work/sig-started-$1 problems=()
  rm -rf "$tmp" "$started" && mkdir -p "$tmp"
  printf '#!/bin/sh\nsleep 60 &\necho $! > "%s.tmp" && mv "%s.tmp" "%s"\nwait\n' \
    "$started" "$started" "$started" > "$work/cc-slow"
  chmod +x "$work/cc-slow"
  set -m # a job of its own, so that SIGINT is not ignored as in background jobs
  TMPDIR=$tmp "$wasmcc" build --cc "$work/cc-slow" "$4" -o "$work/sigprog" 2> "$work/sig-$1.err" &
  local pid=$!
  set +m
  for _ in $(seq 600); do [ -e "$started" ] && break; sleep 0.1; done
  [ -e "$started" ] || problems+=("no compiler started")
  ls "$tmp"/wasmcc-build-* > /dev/null 2>&1 || problems+=("no temporary directory while compiling")
  kill "-$2" "$pid"
  wait "$pid"
  local status=$?
  [ "$status" = $((128 + $3)) ] || problems+=("exit status $status, want $((128 + $3))")
  [ -z "$(ls -A "$tmp")" ] || problems+=("left behind: $(ls "$tmp")")
  local child
  child=$(cat "$started" 2> /dev/null)
  if [ -n "$child" ]; then
    for _ in $(seq 50); do kill -0 "$child" 2> /dev/null || break; sleep 0.1; done
    if kill -0 "$child" 2> /dev/null; then
      problems+=("the compiler's child $child still runs")
      kill "$child" 2> /dev/null
    fi
  fi
  report "big_signal_$1" "${problems[@]}"
}

# -o is checked before anything is translated or compiled.
output_checked_first_case() {
  local big=$1 count=$work/count-o problems=()
  rm -rf "$count" && write_counting_cc "$work/cc-count" "$count"
  expect big_output_checked_first 1 "" "wasmcc: cannot write $work/nodir/prog: No such file or directory" -- \
    "$wasmcc" build --cc "$work/cc-count" "$big" -o "$work/nodir/prog"
  [ -e "$count/seen" ] && problems+=("a compiler ran")
  report big_output_checked_first_no_compile "${problems[@]}"
}

flag_cases() {
  local calc=$work/calc.wasm
  expect build_cflags_used 1 "" "no-such-header.h" -- \
    "$wasmcc" build --cflags "-O1 -include no-such-header.h" --invoke add32 "$calc" -o "$work/x"
  expect build_cflags_env 1 "" "no-such-header.h" -- \
    env CFLAGS="-include no-such-header.h" "$wasmcc" build --invoke add32 "$calc" -o "$work/x"
  expect build_cflags_over_env 0 "" "" -- \
    env CFLAGS="-include no-such-header.h" "$wasmcc" build --cflags -DX=1 --invoke add32 "$calc" -o "$work/cf"
  expect build_cflags_runs 0 7 "" -- "$work/cf" 3 4
  rm -f "$work/ld.map" "$work/ld-env.map"
  expect build_ldflags 0 "*" "" -- sh -c "'$wasmcc' build --ldflags '-Wl,-Map,$work/ld.map' --invoke add32 \
    '$calc' -o '$work/ldf' && grep -q wasmrt '$work/ld.map'"
  expect build_ldflags_env 0 "*" "" -- sh -c "LDFLAGS='-Wl,-Map,$work/ld-env.map' '$wasmcc' build --invoke add32 \
    '$calc' -o '$work/ldf' && grep -q wasmrt '$work/ld-env.map'"
  expect run_refuses_cflags 2 "" "are for wasmcc build" -- "$wasmcc" run --cflags -DX "$calc"
  # -g: debug information naming the C kept in PROGRAM-src
  rm -rf "$work/dbg" "$work/dbg-src"
  expect build_debug 0 "" "" -- "$wasmcc" build -g --invoke add32 "$calc" -o "$work/dbg"
  expect build_debug_kept 0 "*" "" -- sh -c "[ -f '$work/dbg-src/prog.c' ] &&
    readelf --debug-dump=info '$work/dbg' | grep -q 'DW_AT_name.*dbg-src/prog\\.c'"
  expect build_debug_runs 0 7 "" -- "$work/dbg" 3 4
  # -static: no shared library at all, libuv included, and WASI still works
  expect build_static 0 "" "" -- "$wasmcc" build -static "$work/prog.wasm" -o "$work/prog-static"
  expect build_static_no_libs 0 "*" "" -- sh -c "! readelf -d '$work/prog-static' | grep -q NEEDED &&
    ldd '$work/prog-static' 2>&1 | grep -q 'not a dynamic executable'"
  expect build_static_runs 0 $'one\ntwo' "" -- "$work/prog-static" args one two
  expect build_static_long 0 "" "" -- "$wasmcc" build --static --invoke add32 "$calc" -o "$work/calc-static"
}

big_build_cases() {
  local big=$work/big.wasm
  command -v script > /dev/null || die "script (util-linux) is needed"
  command -v make > /dev/null || die "make is needed"
  python3 "$root/tools/gen-big-module" --code-size 60k --data-size 64k --seed 3 -o "$big" 2> /dev/null ||
    die "tools/gen-big-module failed"
  split_output_cases "$big"
  parallel_cases "$big"
  large_function_cases "$big"
  largest_first_case "$big"
  output_checked_first_case "$big"
  signal_case int INT 2 "$big"
  signal_case term TERM 15 "$big"
  flag_cases
}
