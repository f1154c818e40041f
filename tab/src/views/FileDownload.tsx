import { Link, Text } from '@fluentui/react-components';
import { useState } from 'react';

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/**
 * A file from the API as a link: a plain link where no token is needed (local mode), so the browser
 * downloads it itself; in Teams the request needs the person's token, which a link cannot carry, so
 * `fetchFile` gets it with the token and it is saved through an object URL.
 */
export function FileDownload({ href, label, fetchFile }: { href: string; label: string; fetchFile: (() => Promise<DownloadedFile>) | null }) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <>
      <Link
        href={href}
        download
        onClick={(e) => {
          if (fetchFile === null) return;
          e.preventDefault();
          setFailure(null);
          fetchFile()
            .then(({ blob, fileName }) => {
              const url = URL.createObjectURL(blob);
              const a = document.createElement('a');
              a.href = url;
              a.download = fileName;
              document.body.append(a);
              a.click();
              a.remove();
              // The click has started the download; the URL may go once it has been read.
              setTimeout(() => URL.revokeObjectURL(url), 60_000);
            })
            .catch((error: unknown) => setFailure(error instanceof Error ? error.message : 'the download failed'));
        }}
      >
        {label}
      </Link>
      {failure !== null && <Text role="alert">{label} failed: {failure}</Text>}
    </>
  );
}
