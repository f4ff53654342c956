# wasi_thread_start(tid, start_arg): the wasi-threads entry point. It must
# set this instance's __stack_pointer before any C code runs, so it is
# written in assembly (as in wasi-libc): start_arg points at a struct thread
# whose first word is the top of the thread's own stack.
	.text
	.globaltype __stack_pointer, i32
	.functype thread_entry (i32, i32) -> ()
	.globl wasi_thread_start
	.type wasi_thread_start,@function
wasi_thread_start:
	.functype wasi_thread_start (i32, i32) -> ()
	local.get 1
	i32.load 0
	global.set __stack_pointer
	local.get 0
	local.get 1
	call thread_entry
	end_function
