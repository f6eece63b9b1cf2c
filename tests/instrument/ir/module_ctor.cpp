// Every instrumented module gets a constructor that calls
// __gorace_module_init(GORACE_ABI_VERSION) and registers the module's
// shared globals with their readable names and declaration lines.
#include <gor/race_abi.h>  // found through the plugin's include path alone

int plain_global;
namespace ns {
long table[16];
}
struct Config {
  static int level;
};
int Config::level = 3;
const int kConstant = 7;             // constant: not registered
thread_local int per_thread;         // thread-local: not registered
static int file_static = 1;

int counter() {
  static int hits;  // a function-local static: registered too
  per_thread += kConstant;
  return ++hits + file_static++;
}

// CHECK-DAG: @[[FILE:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"{{.*}}module_ctor.cpp\00"
// CHECK-DAG: @[[PLAIN:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"plain_global\00"
// CHECK-DAG: @[[TABLE:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"ns::table\00"
// CHECK-DAG: @[[LEVEL:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"Config::level\00"
// CHECK-DAG: @[[HITS:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"counter::hits\00"
// CHECK-DAG: @[[FILESTATIC:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"file_static\00"
// CHECK: @__gorace_globals = private constant [5 x { ptr, i64, ptr, ptr, i32 }]
// CHECK-SAME: { ptr @plain_global, i64 4, ptr @[[PLAIN]], ptr @[[FILE]], i32 6 }
// CHECK-SAME: { ptr @_ZN2ns5tableE, i64 128, ptr @[[TABLE]], ptr @[[FILE]], i32 8 }
// CHECK-SAME: { ptr @_ZN6Config5levelE, i64 4, ptr @[[LEVEL]], ptr @[[FILE]], i32 13 }
// CHECK-SAME: { ptr @_ZZ7countervE4hits, i64 4, ptr @[[HITS]], ptr @[[FILE]], i32 19 }
// CHECK-SAME: { ptr @_ZL11file_static, i64 4, ptr @[[FILESTATIC]], ptr @[[FILE]], i32 16 }
// CHECK: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 0, ptr @gorace.module_ctor, ptr null }]

// CHECK-LABEL: define internal void @gorace.module_ctor()
// CHECK-NEXT: call void @__gorace_module_init(i32 [[#ABI]])
// CHECK-NEXT: call void @__gorace_register_globals(ptr @__gorace_globals, i64 5)
// CHECK-NEXT: ret void
