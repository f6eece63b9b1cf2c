// Goroutine context switch for x86-64 (System V ABI).
//
// void gor_ctx_switch(void** save_sp, void* load_sp)
//   Pushes the callee-saved registers (rbp, rbx, r12-r15) on the current
//   stack, stores the stack pointer in *save_sp, switches to load_sp and pops
//   the registers saved there, returning into the other context.
//
// A fresh context (see ctx_init in context.hpp) is laid out as if it had been
// saved by gor_ctx_switch, with gor_ctx_entry as return address, the goroutine
// argument in r12 and the C++ entry function in r13.
#if defined(__x86_64__)
        .text
        .globl  gor_ctx_switch
        .hidden gor_ctx_switch
        .type   gor_ctx_switch,@function
        .p2align 4
gor_ctx_switch:
        .cfi_startproc
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
        .cfi_endproc
        .size   gor_ctx_switch,.-gor_ctx_switch

// First frame of every goroutine: calls entry(arg) and never returns.
// Unwinders stop here (no return address).
        .globl  gor_ctx_entry
        .hidden gor_ctx_entry
        .type   gor_ctx_entry,@function
        .p2align 4
gor_ctx_entry:
        .cfi_startproc
        .cfi_undefined rip
        movq    %r12, %rdi
        callq   *%r13
        ud2
        .cfi_endproc
        .size   gor_ctx_entry,.-gor_ctx_entry
#endif
        .section .note.GNU-stack,"",@progbits
