// A polymorphic pair for the vtable pointer tests (vptr_delete_*.cpp): a
// virtual call through a Shape* reads the object's vtable pointer.
#pragma once

struct Shape {
  virtual ~Shape() = default;
  virtual int sides() const { return 0; }
};
struct Square : Shape {
  int sides() const override { return 4; }
};
