// Location records name the function readably, with file, line and column,
// and inlined frames as an inlined_at chain (with or without -g).
int balance;
int other;

struct Account {
  int cents = 0;
  void deposit(int amount);
};

// CHECK-DAG: @[[DEPOSIT:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"Account::deposit\00"
// CHECK-DAG: @[[FILE:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"{{.*}}locations.cpp\00"
// CHECK-DAG: @{{__gorace_loc[.0-9]*}} = private constant {{.*}} { ptr @[[DEPOSIT]], ptr @[[FILE]], i32 [[#@LINE+1]], i32 {{[0-9]+}}, ptr null }
void Account::deposit(int amount) { cents += amount; }

// An inlined helper: at -O1 and above its access is the helper's frame,
// inlined at the call in its caller.
static inline void add_to_balance(int amount) { balance += amount; }
// CHECK-DAG: @[[HELPER:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"add_to_balance\00"
// CHECK-DAG: @[[CALLER:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"pay\00"
// CHECK-OPT-DAG: @[[CALLSITE:__gorace_loc[.0-9]*]] = private constant {{.*}} { ptr @[[CALLER]], ptr @[[FILE]], i32 [[#@LINE+3]], i32 {{[0-9]+}}, ptr null }
// CHECK-OPT-DAG: @{{__gorace_loc[.0-9]*}} = private constant {{.*}} { ptr @[[HELPER]], ptr @[[FILE]], i32 [[#@LINE-4]], i32 57, ptr @[[CALLSITE]] }
// CHECK-O0-DAG: @{{__gorace_loc[.0-9]*}} = private constant {{.*}} { ptr @[[HELPER]], ptr @[[FILE]], i32 [[#@LINE-5]], i32 57, ptr null }
void pay(int amount) { add_to_balance(amount); }

// Closures are named as Go names them: main.func1, and the first closure
// inside it main.func1.1 (the number of a lambda of a non-inline function
// is its index in the translation unit plus one).
// CHECK-DAG: @[[FUNC1:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"main.func1\00"
// CHECK-DAG: @[[FUNC11:__gorace_str[.0-9]*]] = private unnamed_addr constant {{.*}} c"main.func1.1\00"
// At -O1 and above both closures are inlined into main: the store to
// `other` has three frames.
// CHECK-OPT-DAG: @[[MAIN_SITE:__gorace_loc[.0-9]*]] = private constant {{.*}} { ptr @{{.*}}, ptr @[[FILE]], i32 [[#@LINE+9]], i32 3, ptr null }
// CHECK-OPT-DAG: @[[OUTER_SITE:__gorace_loc[.0-9]*]] = private constant {{.*}} { ptr @[[FUNC1]], ptr @[[FILE]], i32 [[#@LINE+5]], i32 5, ptr @[[MAIN_SITE]] }
// CHECK-OPT-DAG: @{{__gorace_loc[.0-9]*}} = private constant {{.*}} { ptr @[[FUNC11]], ptr @[[FILE]], i32 [[#@LINE+3]], i32 {{[0-9]+}}, ptr @[[OUTER_SITE]] }
int main() {
  auto outer = [&] {
    auto inner = [&] { other = 1; };
    inner();
    balance = 2;
  };
  outer();
  return balance;
}

// The enclosing function's parameter list is not part of a closure's name.
// CHECK-DAG: c"enclosing.func{{[0-9]+}}\00"
template <class F>
void apply_twice(F f) {
  f();
  f();
}
void enclosing(int amount) {
  apply_twice([&] { balance += amount; });
}
