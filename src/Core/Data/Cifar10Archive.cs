using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Lessons.Data;

/// <summary>
/// Fetches <c>cifar-10-binary.tar.gz</c> and extracts its batch files into a folder, safely: the archive goes to
/// a temporary file, its length and published MD5 are checked before a byte of it is unpacked, and then only the
/// members the spec names are taken, each written under the name the spec gives (never a path the archive
/// chooses: no <c>../</c>, no absolute path, no link), each checked for length and moved into place whole.
/// </summary>
internal sealed class Cifar10Archive : IDisposable
{
    private readonly Cifar10Spec spec;
    private readonly HttpClient client;

    /// <summary>A fetcher for <paramref name="spec"/>'s archive via <paramref name="handler"/> (null: a real one).
    /// </summary>
    public Cifar10Archive(Cifar10Spec spec, HttpMessageHandler? handler)
    {
        this.spec = spec;
        client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromMinutes(30);
    }

    /// <summary>
    /// Downloads the archive from the first URL that serves a verified copy, extracts the batch files into
    /// <paramref name="folder"/> and returns their paths; throws listing every URL tried and what went wrong there.
    /// The archive itself is not kept.
    /// </summary>
    public IReadOnlyList<string> DownloadAndExtract(string folder)
    {
        Directory.CreateDirectory(folder);
        var attempts = new List<string>();
        foreach (var url in spec.ArchiveUrls)
        {
            var temp = Path.Combine(folder, $".{spec.ArchiveName}.{Guid.NewGuid():N}.tmp");
            try
            {
                Fetch(url, temp);
                return Extract(url.ToString(), temp, folder);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException
                                          or DatasetException)
            {
                attempts.Add($"{url}: {e.Message}");
            }
            finally
            {
                File.Delete(temp);
            }
        }

        throw new DatasetException(
            $"Could not download {spec.Name}'s {spec.ArchiveName}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, attempts.Select(a => "  - " + a)),
            folder);
    }

    /// <summary>Streams <paramref name="url"/> into <paramref name="temp"/>, hashing as it goes, and checks the
    /// length and MD5 against the published ones.</summary>
    private void Fetch(Uri url, string temp)
    {
        using var response = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long total = 0;
        using (var body = response.Content.ReadAsStream())
        using (var output = File.Create(temp))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = body.Read(buffer)) > 0)
            {
                total += read;
                if (total > spec.ArchiveLength)
                {
                    throw new DatasetException(
                        $"the response exceeds the archive's published length, {spec.ArchiveLength} bytes.", temp);
                }

                md5.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
            }
        }

        if (total != spec.ArchiveLength)
        {
            throw new DatasetException(
                $"the download ended after {total} bytes; expected {spec.ArchiveLength} bytes.", temp);
        }

        var found = Convert.ToHexStringLower(md5.GetHashAndReset());
        if (found != spec.ArchiveMd5)
        {
            throw new DatasetException(
                $"checksum mismatch: the MD5 of the archive is {found}, expected {spec.ArchiveMd5}. It was corrupted " +
                $"on the way or is not {spec.Name}'s {spec.ArchiveName}; nothing was extracted.",
                temp);
        }
    }

    /// <summary>
    /// Extracts the batch files from the verified archive at <paramref name="archive"/> (named
    /// <paramref name="source"/> in messages) into <paramref name="folder"/>; returns the paths written.
    /// </summary>
    public IReadOnlyList<string> Extract(string source, string archive, string folder)
    {
        // Member name → the file name to write: the spec's names only, so a hostile name simply matches nothing.
        var wanted = spec.Files.ToDictionary(f => $"{spec.ArchiveFolder}/{f}", f => f);
        var written = new List<string>();
        try
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                if (!wanted.Remove(name, out var target))
                {
                    continue; // readme.html, batches.meta.txt, folders, and anything else
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    throw new DatasetException(
                        $"'{source}': the member {name} is a {Describe(entry.EntryType)}, expected a regular file.",
                        source);
                }

                Cifar10Reader.CheckLength(spec, $"{source}: {name}", entry.Length);
                var path = Path.Combine(folder, target);
                AtomicFile.Write(path, temp =>
                {
                    using var output = File.Create(temp);
                    entry.DataStream!.CopyTo(output);
                });
                written.Add(path);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new DatasetException(
                $"'{source}': not a readable gzip-compressed tar archive; the download is corrupt.", source, e);
        }

        if (wanted.Count > 0)
        {
            throw new DatasetException(
                $"'{source}': the archive lacks {string.Join(", ", wanted.Keys)}; it is not {spec.Name}'s " +
                $"{spec.ArchiveName}.",
                source);
        }

        return written;
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "symbolic link",
        TarEntryType.HardLink => "hard link",
        TarEntryType.Directory => "folder",
        _ => $"special entry ({type})",
    };

    /// <summary>Releases the HTTP client (never an injected handler).</summary>
    public void Dispose() => client.Dispose();
}
