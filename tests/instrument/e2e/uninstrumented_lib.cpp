// Compiled WITHOUT the plugin and linked into mixed_objects: its accesses
// are unseen by the detector, and it must link and run.
int library_counter;

void library_bump() { library_counter++; }

int library_read() { return library_counter; }
