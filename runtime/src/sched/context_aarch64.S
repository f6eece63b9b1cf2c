// Goroutine context switch for AArch64 (AAPCS64); see context_x86_64.S.
// Saves x19-x30 and d8-d15 (the callee-saved registers) below the stack
// pointer. A fresh context holds the argument in x19, the entry function in
// x20 and gor_ctx_entry in the x30 (link register) slot.
#if defined(__aarch64__)
        .text
        .globl  gor_ctx_switch
        .hidden gor_ctx_switch
        .type   gor_ctx_switch,%function
        .p2align 4
gor_ctx_switch:
        .cfi_startproc
        sub     sp, sp, #160
        stp     x19, x20, [sp, #0]
        stp     x21, x22, [sp, #16]
        stp     x23, x24, [sp, #32]
        stp     x25, x26, [sp, #48]
        stp     x27, x28, [sp, #64]
        stp     x29, x30, [sp, #80]
        stp     d8, d9, [sp, #96]
        stp     d10, d11, [sp, #112]
        stp     d12, d13, [sp, #128]
        stp     d14, d15, [sp, #144]
        mov     x9, sp
        str     x9, [x0]
        mov     sp, x1
        ldp     x19, x20, [sp, #0]
        ldp     x21, x22, [sp, #16]
        ldp     x23, x24, [sp, #32]
        ldp     x25, x26, [sp, #48]
        ldp     x27, x28, [sp, #64]
        ldp     x29, x30, [sp, #80]
        ldp     d8, d9, [sp, #96]
        ldp     d10, d11, [sp, #112]
        ldp     d12, d13, [sp, #128]
        ldp     d14, d15, [sp, #144]
        add     sp, sp, #160
        ret
        .cfi_endproc
        .size   gor_ctx_switch,.-gor_ctx_switch

        .globl  gor_ctx_entry
        .hidden gor_ctx_entry
        .type   gor_ctx_entry,%function
        .p2align 4
gor_ctx_entry:
        .cfi_startproc
        .cfi_undefined x30
        mov     x0, x19
        blr     x20
        brk     #0
        .cfi_endproc
        .size   gor_ctx_entry,.-gor_ctx_entry
#endif
        .section .note.GNU-stack,"",@progbits
