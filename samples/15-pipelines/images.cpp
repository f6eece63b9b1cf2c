// Lesson 15.5: an image-processing pipeline. Stage 1 generates images, stage
// 2 makes thumbnails on several goroutines in parallel (fan-out), stage 3
// writes them as PPM files. Each image is owned by one stage at a time: a
// stage hands it on by sending it, and never touches it again.
//
// The Go program it mirrors:
//
//   images := generate(6)                    // <-chan Image
//   thumbs := make(chan Image)
//   var wg sync.WaitGroup
//   for i := 0; i < 3; i++ {                  // fan-out
//       wg.Add(1)
//       go func() { defer wg.Done(); for img := range images { thumbs <- thumbnail(img) } }()
//   }
//   go func() { wg.Wait(); close(thumbs) }()  // fan-in
//   for t := range thumbs { writePPM(dir, t) }
//
// Usage: images [OUT_DIR]   (default: $SAMPLE_OUT_DIR, else ./thumbnails)
#include <gor/gor.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

// An RGB image, 3 bytes per pixel, row by row.
struct Image {
  std::string name;
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;
};

// Stage 1: generates `count` test pictures (colour gradients), then closes.
static gor::RecvChan<Image> generate(int count) {
  auto out = gor::make_chan<Image>();
  gor::go([out, count]() mutable {
    for (int k = 0; k < count; ++k) {
      Image img{"image-" + std::to_string(k), 64, 48, {}};
      img.rgb.resize(static_cast<size_t>(img.width) * img.height * 3);
      for (int y = 0; y < img.height; ++y) {
        for (int x = 0; x < img.width; ++x) {
          uint8_t* p = &img.rgb[(static_cast<size_t>(y) * img.width + x) * 3];
          p[0] = static_cast<uint8_t>(x * 4 + k * 40);
          p[1] = static_cast<uint8_t>(y * 5);
          p[2] = static_cast<uint8_t>((x + y) * 2 * (k + 1));
        }
      }
      out.send(std::move(img));  // img belongs to the next stage now
    }
    out.close();
  });
  return out;
}

// Shrinks img by `factor` in each direction, averaging factor x factor blocks.
static Image thumbnail(const Image& img, int factor) {
  Image t{img.name + ".thumb", img.width / factor, img.height / factor, {}};
  t.rgb.resize(static_cast<size_t>(t.width) * t.height * 3);
  for (int y = 0; y < t.height; ++y) {
    for (int x = 0; x < t.width; ++x) {
      for (int c = 0; c < 3; ++c) {
        int sum = 0;
        for (int dy = 0; dy < factor; ++dy) {
          for (int dx = 0; dx < factor; ++dx) {
            size_t at = (static_cast<size_t>(y * factor + dy) * img.width + x * factor + dx) * 3;
            sum += img.rgb[at + c];
          }
        }
        t.rgb[(static_cast<size_t>(y) * t.width + x) * 3 + c] =
            static_cast<uint8_t>(sum / (factor * factor));
      }
    }
  }
  return t;
}

// Stage 2: `workers` goroutines make thumbnails in parallel (fan-out); the
// output is closed when all of them are done (fan-in).
static gor::RecvChan<Image> make_thumbnails(gor::RecvChan<Image> images, int workers) {
  auto out = gor::make_chan<Image>();
  auto wg = std::make_shared<gor::WaitGroup>();
  for (int w = 0; w < workers; ++w) {
    wg->go([images, out]() mutable {
      for (Image img : images) out.send(thumbnail(img, 4));
    });
  }
  gor::go([wg, out]() mutable {
    wg->wait();
    out.close();
  });
  return out;
}

// FNV-1a of the pixels: a fingerprint to show the result is the same every run.
static uint32_t checksum(const std::vector<uint8_t>& bytes) {
  uint32_t h = 2166136261u;
  for (uint8_t b : bytes) h = (h ^ b) * 16777619u;
  return h;
}

// Writes img as a binary PPM file into dir; returns the file name. File I/O
// blocks, so it runs through gor::blocking and never stalls a processor.
static std::string write_ppm(const std::filesystem::path& dir, const Image& img) {
  std::string file = img.name + ".ppm";
  gor::blocking([&] {
    std::ofstream out(dir / file, std::ios::binary);
    out << "P6\n" << img.width << ' ' << img.height << "\n255\n";
    out.write(reinterpret_cast<const char*>(img.rgb.data()),
              static_cast<std::streamsize>(img.rgb.size()));
    return out.good();
  });
  return file;
}

int main(int argc, char** argv) {
  std::filesystem::path dir = argc > 1                        ? argv[1]
                              : std::getenv("SAMPLE_OUT_DIR") ? std::getenv("SAMPLE_OUT_DIR")
                                                              : "thumbnails";
  return gor::main([dir] {
    std::filesystem::create_directories(dir);
    std::vector<std::string> lines;
    for (Image t : make_thumbnails(generate(6), 3)) {  // stage 3, on main
      std::string file = write_ppm(dir, t);
      char line[128];
      std::snprintf(line, sizeof line, "%s %dx%d checksum %08x", file.c_str(), t.width, t.height,
                    checksum(t.rgb));
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());  // the workers finish in any order
    for (const std::string& line : lines) std::puts(line.c_str());
    std::fprintf(stderr, "thumbnails written to %s\n", dir.c_str());
  });
}
