// A longjmp leaves frames without returning from them: the report's stacks
// hold only the frames still live (the setjmp's frame resumes), not those
// the jump left.
// EXPECT: race
// ABSENT: jump_back
#include <csetjmp>
#include <cstdio>
#include <thread>

std::jmp_buf resume_point;
int shared_value;

__attribute__((noinline)) void jump_back(int depth) {
  if (depth == 0) std::longjmp(resume_point, 1);
  jump_back(depth - 1);
}

int main() {
  if (setjmp(resume_point) == 0) jump_back(3);
  std::thread writer([] { shared_value = 1; });  // RACE: A
  shared_value = 2;                              // RACE: B
  writer.join();
  std::printf("%d\n", shared_value);
}
